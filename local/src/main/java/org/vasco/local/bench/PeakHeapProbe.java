package org.vasco.local.bench;

import java.io.IOException;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Runs another program's {@code main} in this JVM and, when the JVM exits (normally, through
 * {@code System.exit} or after an uncaught error), writes the heap's peak to a file as
 * {@code peak_heap_bytes=N} and {@code max_heap_bytes=M}. The peak is the sum of the heap memory pools' peak
 * usage as the JVM's own MXBeans record it: an upper bound of the heap actually in use at any one moment,
 * since the pools need not peak together, and one that grows with {@code -Xmx} because a collector given room
 * collects late. So the report also has {@code live_heap_bytes}: the largest heap occupancy right after a
 * collection (from the collectors' notifications), which is what the program really keeps alive.
 * Usage: {@code PeakHeapProbe REPORT MAIN-CLASS [ARGS…]}.
 */
public final class PeakHeapProbe {

    private PeakHeapProbe() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: PeakHeapProbe REPORT MAIN-CLASS [ARGS...]");
            System.exit(2);
        }
        Path report = Path.of(args[0]);
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(PeakHeapProbe::afterCollection, null, null);
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> write(report), "peak-heap-report"));
        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static final AtomicLong LIVE = new AtomicLong();

    private static void afterCollection(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage after = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
            if (pool.getType() == MemoryType.HEAP && after != null) {
                used += after.getUsed();
            }
        }
        LIVE.accumulateAndGet(used, Math::max);
    }

    /** The sum of the heap pools' peak usage so far, bytes. */
    static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static void write(Path report) {
        String text = "peak_heap_bytes=" + peakHeapBytes() + "\nlive_heap_bytes=" + LIVE.get()
                + "\nmax_heap_bytes=" + Runtime.getRuntime().maxMemory() + "\n";
        try {
            Files.writeString(report, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            System.err.println("PeakHeapProbe: cannot write " + report + ": " + e.getMessage());
        }
    }
}
