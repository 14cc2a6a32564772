"""Good-practice case studies of ICT in education."""
