-- A sweep's trials a page at a time in id order (the dashboard's and the API's default) walk this index instead of
-- sorting every trial of the sweep for each page: for a page deep in a 10,000-trial sweep that sort spilled to disk.
CREATE INDEX trials_sweep_order ON trials (sweep_id, id);
