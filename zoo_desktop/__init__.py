"""Zoo Desktop: the ZhuiyiTechnology Chinese model zoo on the desktop."""

__version__ = "0.1.0"
