package org.vasco.veto.shape;

import java.util.ArrayList;
import java.util.List;

/**
 * Outer borders of the 8-connected foreground regions of a binary image, as OpenCV's
 * {@code findContours(RETR_EXTERNAL, CHAIN_APPROX_SIMPLE)} reports them: the closed chain of boundary pixel
 * centres of each region that is not enclosed by another region's hole (Suzuki–Abe outer border following,
 * here as Moore-neighbour tracing). Pixels beyond the image are background.
 * <p>
 * Order: OpenCV lists external contours in reverse order of discovery (bottom-most first); this class does the
 * same, so "the last contour" means the same region in both.
 */
public final class BorderTracer {

    /** Clockwise in image coordinates (y down), starting east. */
    private static final int[] DX = {1, 1, 0, -1, -1, -1, 0, 1};
    private static final int[] DY = {0, 1, 1, 1, 0, -1, -1, -1};

    private BorderTracer() {
    }

    /** Each contour as a list of {x, y} pixel coordinates. */
    public static List<int[][]> externalContours(boolean[][] mask) {
        int h = mask.length;
        int w = h == 0 ? 0 : mask[0].length;
        boolean[][] outside = outsideBackground(mask, w, h);
        int[][] label = new int[h][w];
        int next = 0;
        List<int[][]> found = new ArrayList<>();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (mask[y][x] && label[y][x] == 0) {
                    next++;
                    boolean external = labelRegion(mask, label, x, y, next, outside);
                    if (external) {
                        found.add(trace(mask, x, y));
                    }
                }
            }
        }
        List<int[][]> reversed = new ArrayList<>(found.size());
        for (int i = found.size() - 1; i >= 0; i--) {
            reversed.add(found.get(i));
        }
        return reversed;
    }

    /** Background pixels 4-connected to the image frame (outside every region). */
    private static boolean[][] outsideBackground(boolean[][] mask, int w, int h) {
        boolean[][] outside = new boolean[h][w];
        ArrayDequeInt queue = new ArrayDequeInt();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if ((x == 0 || y == 0 || x == w - 1 || y == h - 1) && !mask[y][x] && !outside[y][x]) {
                    outside[y][x] = true;
                    queue.push(x, y);
                }
            }
        }
        while (!queue.isEmpty()) {
            int[] p = queue.pop();
            for (int k = 0; k < 8; k += 2) {
                int nx = p[0] + DX[k];
                int ny = p[1] + DY[k];
                if (nx >= 0 && ny >= 0 && nx < w && ny < h && !mask[ny][nx] && !outside[ny][nx]) {
                    outside[ny][nx] = true;
                    queue.push(nx, ny);
                }
            }
        }
        return outside;
    }

    /** Labels the 8-connected region; true when it touches the outside background or the frame. */
    private static boolean labelRegion(boolean[][] mask, int[][] label, int x0, int y0, int id, boolean[][] outside) {
        int h = mask.length;
        int w = mask[0].length;
        boolean external = false;
        ArrayDequeInt queue = new ArrayDequeInt();
        label[y0][x0] = id;
        queue.push(x0, y0);
        while (!queue.isEmpty()) {
            int[] p = queue.pop();
            for (int k = 0; k < 8; k++) {
                int nx = p[0] + DX[k];
                int ny = p[1] + DY[k];
                if (nx < 0 || ny < 0 || nx >= w || ny >= h) {
                    external = true;
                } else if (mask[ny][nx]) {
                    if (label[ny][nx] == 0) {
                        label[ny][nx] = id;
                        queue.push(nx, ny);
                    }
                } else if (k % 2 == 0 && outside[ny][nx]) {
                    external = true;
                }
            }
        }
        return external;
    }

    /** Moore-neighbour tracing from the region's first pixel in raster order, Jacob's stopping criterion. */
    private static int[][] trace(boolean[][] mask, int sx, int sy) {
        List<int[]> points = new ArrayList<>();
        points.add(new int[] {sx, sy});
        // The pixel west of the start is background (raster order), so start searching from there.
        int cx = sx;
        int cy = sy;
        int backDir = 4;
        int startBackDir = -1;
        // Every border pixel is entered at most from each of its 8 neighbours: a hard bound on the walk.
        long maxSteps = 8L * mask.length * mask[0].length + 8;
        for (long step = 0; step < maxSteps; step++) {
            int found = -1;
            for (int i = 1; i <= 8; i++) {
                int dir = (backDir + i) % 8;
                if (foreground(mask, cx + DX[dir], cy + DY[dir])) {
                    found = dir;
                    break;
                }
            }
            if (found < 0) {
                return points.toArray(new int[0][]);
            }
            if (cx == sx && cy == sy) {
                if (startBackDir == found) {
                    break;
                }
                if (startBackDir < 0) {
                    startBackDir = found;
                } else {
                    // The start is a cut pixel the border passes through mid-way (e.g. the root of a one-pixel
                    // spur): OpenCV lists it again there, so the polygon's area and length include that vertex.
                    points.add(new int[] {sx, sy});
                }
            }
            cx += DX[found];
            cy += DY[found];
            // Radial sweep: search the new pixel's neighbours clockwise, starting just after the pixel we came from.
            backDir = (found + 4) % 8;
            if (cx == sx && cy == sy) {
                continue;
            }
            points.add(new int[] {cx, cy});
        }
        return points.toArray(new int[0][]);
    }

    private static boolean foreground(boolean[][] mask, int x, int y) {
        return y >= 0 && x >= 0 && y < mask.length && x < mask[0].length && mask[y][x];
    }

    /** A tiny int-pair stack, to avoid boxing in flood fills. */
    private static final class ArrayDequeInt {
        private int[] xs = new int[64];
        private int[] ys = new int[64];
        private int size;

        void push(int x, int y) {
            if (size == xs.length) {
                xs = java.util.Arrays.copyOf(xs, size * 2);
                ys = java.util.Arrays.copyOf(ys, size * 2);
            }
            xs[size] = x;
            ys[size] = y;
            size++;
        }

        int[] pop() {
            size--;
            return new int[] {xs[size], ys[size]};
        }

        boolean isEmpty() {
            return size == 0;
        }
    }
}
