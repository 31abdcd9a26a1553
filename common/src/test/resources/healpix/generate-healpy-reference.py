# Reference HEALPix values for HealpixNestedTest, from healpy (HEALPix C++ underneath).
import healpy as hp, numpy as np, sys
rng = np.random.default_rng(20261206)
rows = []
pts = []
# special points: poles, RA 0/360, equator, polar-cap boundary z=2/3 (dec 41.8103149), face corners
special_dec = [90, -90, 89.9999, -89.9999, 0, 41.8103149, -41.8103149, 41.81, 41.82, -41.82, 45, 60, -60, 80, 85]
special_ra = [0, 359.9999999, 360 - 1e-9, 45, 90, 135, 180, 225, 270, 315, 22.5, 1e-9]
for d in special_dec:
    for r in special_ra:
        pts.append((r % 360, d))
for _ in range(150):
    z = rng.uniform(-1, 1); pts.append((rng.uniform(0, 360), np.degrees(np.arcsin(z))))
out = sys.stdout
out.write("# ang2pix, nested scheme, from healpy %s: order,ra_deg,dec_deg,pixel\n" % hp.__version__)
for order in (0, 1, 3, 5, 8, 11, 16, 29):
    nside = 2 ** order
    for (r, d) in pts:
        p = hp.ang2pix(nside, r, d, nest=True, lonlat=True)
        out.write("A,%d,%.12f,%.12f,%d\n" % (order, r, d, p))
out.write("# pix2ang (pixel centre), nested: order,pixel,ra_deg,dec_deg\n")
for order in (0, 1, 5, 11):
    nside = 2 ** order
    npix = 12 * nside * nside
    pixs = list(range(npix)) if npix <= 48 else sorted(set(rng.integers(0, npix, 60).tolist() + [0, npix - 1, npix // 2]))
    for p in pixs:
        r, d = hp.pix2ang(nside, p, nest=True, lonlat=True)
        out.write("C,%d,%d,%.12f,%.12f\n" % (order, p, r, d))
out.write("# query_disc, nested: order,ra_deg,dec_deg,radius_deg,kind,pixels (space separated); kind centres = inclusive=False,"
          " overlap128 = inclusive=True fact=128 (a superset of the pixels that overlap)\n")
cones = [(0, 90), (180, -90), (0.1, 0), (359.95, 10), (0, 41.81), (123.4, 41.9), (200, 45), (10, 60), (300, -60), (45, 89.5),
         (12.0, -89.7), (90, 0), (2.001, 82.807), (130.013, 33.081), (359.99, -45.2), (67.5, 41.8103149)]
for order in (3, 5, 7):
    nside = 2 ** order
    for (r, d) in cones:
        for rad in (45.43 / 60, 0.75, 2.0):
            v = hp.ang2vec(r, d, lonlat=True)
            c = hp.query_disc(nside, v, np.radians(rad), inclusive=False, nest=True)
            i = hp.query_disc(nside, v, np.radians(rad), inclusive=True, fact=128, nest=True)
            out.write("D,%d,%.9f,%.9f,%.9f,centres,%s\n" % (order, r, d, rad, " ".join(map(str, sorted(c)))))
            out.write("D,%d,%.9f,%.9f,%.9f,overlap128,%s\n" % (order, r, d, rad, " ".join(map(str, sorted(i)))))
