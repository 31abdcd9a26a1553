-- The science profile of a run (issue 18): which late filters and post-stage science its tiles get. Chosen when the
-- run is created and never changed; runs created before profiles existed did the reference's science.
ALTER TABLE run ADD COLUMN profile text NOT NULL DEFAULT 'reference' CHECK (profile IN ('reference', 'corrected'));
