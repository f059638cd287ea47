"""The PySide6 desktop application: widgets and thin Qt models over the services."""
