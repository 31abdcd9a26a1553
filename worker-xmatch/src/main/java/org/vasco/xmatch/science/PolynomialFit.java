package org.vasco.xmatch.science;

/**
 * Least-squares fit of a bivariate polynomial (degree 1: [1, x, y]; degree 2: [1, x, y, x², xy, y²],
 * the reference's feature order) by Householder QR, which stays accurate where normal equations
 * would square the condition number.
 */
final class PolynomialFit {

    private PolynomialFit() {
    }

    static int terms(int degree) {
        return degree == 1 ? 3 : 6;
    }

    static void features(int degree, double x, double y, double[] out) {
        out[0] = 1;
        out[1] = x;
        out[2] = y;
        if (degree == 2) {
            out[3] = x * x;
            out[4] = x * y;
            out[5] = y * y;
        }
    }

    static double evaluate(double[] coef, int degree, double x, double y) {
        double[] f = new double[terms(degree)];
        features(degree, x, y, f);
        double sum = 0;
        for (int k = 0; k < f.length; k++) {
            sum += coef[k] * f[k];
        }
        return sum;
    }

    /**
     * Fits the selected rows.
     *
     * @return the coefficients, or null when the design matrix is rank-deficient (e.g. collinear tie points)
     */
    static double[] fit(int degree, double[] x, double[] y, double[] target, boolean[] selected) {
        int p = terms(degree);
        int m = 0;
        for (boolean s : selected) {
            if (s) {
                m++;
            }
        }
        if (m < p) {
            return null;
        }
        double[][] a = new double[m][p];
        double[] b = new double[m];
        int r = 0;
        for (int i = 0; i < x.length; i++) {
            if (selected[i]) {
                features(degree, x[i], y[i], a[r]);
                b[r] = target[i];
                r++;
            }
        }
        double[] diag = new double[p];
        double scale = 0;
        for (int k = 0; k < p; k++) {
            double norm = 0;
            for (int i = k; i < m; i++) {
                norm = Math.hypot(norm, a[i][k]);
            }
            scale = Math.max(scale, norm);
            if (norm == 0 || norm <= 1e-12 * scale) {
                return null;
            }
            if (a[k][k] > 0) {
                norm = -norm;
            }
            for (int i = k; i < m; i++) {
                a[i][k] /= -norm;
            }
            a[k][k] += 1;
            for (int j = k + 1; j < p; j++) {
                double s = 0;
                for (int i = k; i < m; i++) {
                    s += a[i][k] * a[i][j];
                }
                s = -s / a[k][k];
                for (int i = k; i < m; i++) {
                    a[i][j] += s * a[i][k];
                }
            }
            double s = 0;
            for (int i = k; i < m; i++) {
                s += a[i][k] * b[i];
            }
            s = -s / a[k][k];
            for (int i = k; i < m; i++) {
                b[i] += s * a[i][k];
            }
            diag[k] = norm;
        }
        double[] coef = new double[p];
        for (int k = p - 1; k >= 0; k--) {
            double s = b[k];
            for (int j = k + 1; j < p; j++) {
                s -= a[k][j] * coef[j];
            }
            coef[k] = s / diag[k];
        }
        return coef;
    }
}
