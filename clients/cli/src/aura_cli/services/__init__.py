"""What the commands use: git, hooks, the audit runner, events (queue and delivery), the knowledge
cache and the one bridge to the engine. Commands never reach past this package."""
