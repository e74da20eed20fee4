-- Statistics read per-day rollups, not the install-day rows. Each install gets a small integer id
-- (kept until the install is erased) so that a day's distinct installs per dimension value, flag,
-- counter and funnel step are exact sets (Roaring bitmaps) that merge across any range of days.
CREATE TABLE install_ids (
  id INTEGER PRIMARY KEY,
  anonymous_id TEXT NOT NULL UNIQUE
);

-- One row per closed UTC day and name ("all", "by:os:linux", "flag:enable_socket",
-- "surface:mcp", …): the installs as a serialised Roaring bitmap, and a counter's sum.
CREATE TABLE day_rollups (
  day TEXT NOT NULL,
  name TEXT NOT NULL,
  installs BLOB NOT NULL,
  total BIGINT NOT NULL,
  PRIMARY KEY (day, name)
);
