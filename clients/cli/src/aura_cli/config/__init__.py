"""User-level configuration: settings (config.yaml), credentials and profiles, under $AURA_HOME."""
