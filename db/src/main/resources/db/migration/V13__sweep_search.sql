-- What planning a searched (or constrained) sweep's designs cost, none of it in training: the strategy, proposals,
-- and those the constraints excluded (api.search.SearchReport); NULL for a plain grid.
ALTER TABLE sweeps ADD COLUMN search JSONB;
