-- A block range index covers only the ranges summarised so far; a range still unsummarised is
-- read whole by every query of a day. Summarise each range as soon as it fills, so that folding a
-- day reads about that day's blocks only.
ALTER INDEX install_days_by_day SET (autosummarize = on);
SELECT brin_summarize_new_values('install_days_by_day');
