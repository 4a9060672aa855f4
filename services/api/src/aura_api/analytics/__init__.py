"""Analytics: BKT mastery, skill trees, team roll-ups, hotspots, precision, efficacy."""
