-- How isolated each candidate is (issue 23): the distance to the nearest Gaia DR3, PS1 or USNO-B1.0 source at the
-- plate epoch within 120″, recorded by the xmatch step from the neighbourhoods it has in memory, so the review page
-- sorts a run by it without reading every tile's neighbourhood files (NearestCatalogueSource).
-- nearest_catalogue_arcsec: NULL for candidates written before this column existed (the page computes those);
--                           120 when no source is nearer (nearest_catalogue NULL then).
-- nearest_catalogue:        the catalogue of that source (gaia, ps1, usnob), NULL when none is within 120″.
ALTER TABLE candidate ADD COLUMN nearest_catalogue_arcsec double precision,
                      ADD COLUMN nearest_catalogue text CHECK (nearest_catalogue IN ('gaia', 'ps1', 'usnob'));
