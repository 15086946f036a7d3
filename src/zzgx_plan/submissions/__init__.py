"""`plan template / import / record / missing`: reading units' sheets and CSV, turning them into figures and
progress entries, and writing them into the data directory all or nothing."""
