"""spaCy pipeline and the components registered by posturescan."""
