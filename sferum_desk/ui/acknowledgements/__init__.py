"""Acknowledgements: familiarisation lists, acts and signatures."""
