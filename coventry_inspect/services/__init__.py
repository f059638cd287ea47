"""Use cases. Each function opens one short-lived session, does one unit of work and commits;
no caller ever holds a session. Changes are recorded in the history table by the store."""
