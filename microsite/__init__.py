"""microsite: a static site generator for police community-engagement sites."""

__version__ = "0.1.0"
