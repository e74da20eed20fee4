-- One row per finished calendar month and name, built from the month's day rollups: the union of
-- its day sets (exact), the sum of its day totals, and for each environment and funnel step the
-- installs that reached the step on a day they ran in that environment ("env_funnel:…"). A year
-- then reads a dozen month rows instead of every day's. Rebuilt when one of its days closes late.
CREATE TABLE month_rollups (
  month TEXT NOT NULL,
  name TEXT NOT NULL,
  installs BYTEA NOT NULL,
  total BIGINT NOT NULL,
  PRIMARY KEY (month, name)
);
