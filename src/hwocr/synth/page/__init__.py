"""How a written line reaches the model: scanning and compression effects on the finished image."""
