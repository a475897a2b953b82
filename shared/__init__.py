"""Code that every Dekranasda service uses. It holds no service logic."""
