package org.vasco.testkit.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.vasco.common.sky.match.MatchMode;
import org.vasco.common.sky.match.MatchPairs;
import org.vasco.common.sky.match.SkyIndex;
import org.vasco.common.sky.match.SkyMatcher;
import org.vasco.testkit.sky.MatchField;

/**
 * The spatial-index matcher at step-4 scale: 1e5 detections of a 1° tile against 2e6 catalogue rows of
 * the 2° neighbourhood around it, 5″, in a typical field, one across RA 0/360 and one around the pole.
 * {@code buildIndex} times the index over table 2; {@code match} a match against a built index;
 * {@code buildAndMatch} both, which is what one veto look-up costs. Runs only on demand (the testkit
 * "bench" profile, see docs/performance.md); the sizes can be changed with {@code -p rows1=… -p rows2=…}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class SkyMatchBenchmark {

    /** The two tables and an index over table 2, made once per trial. */
    @State(Scope.Benchmark)
    public static class Field {
        @Param({"tile", "ra-wrap", "pole"})
        public String field;

        @Param({"100000"})
        public int rows1;

        @Param({"2000000"})
        public int rows2;

        @Param({"5"})
        public double radiusArcsec;

        MatchField tables;
        SkyIndex index;

        @Setup(Level.Trial)
        public void generate() {
            tables = MatchField.generate(MatchField.Centre.parse(field), rows1, rows2, 20261126L);
            index = SkyIndex.build(tables.ra2(), tables.dec2(), radiusArcsec);
        }
    }

    /** Pair mode. */
    @State(Scope.Benchmark)
    public static class Find {
        @Param({"best1", "all"})
        public String find;

        MatchMode mode;

        @Setup(Level.Trial)
        public void parse() {
            mode = MatchMode.parse(find);
        }
    }

    @Benchmark
    public SkyIndex buildIndex(Field f) {
        return SkyIndex.build(f.tables.ra2(), f.tables.dec2(), f.radiusArcsec);
    }

    @Benchmark
    public MatchPairs match(Field f, Find m) {
        return SkyMatcher.match(f.tables.ra1(), f.tables.dec1(), f.index, f.radiusArcsec, m.mode);
    }

    @Benchmark
    public MatchPairs buildAndMatch(Field f, Find m) {
        SkyIndex index = SkyIndex.build(f.tables.ra2(), f.tables.dec2(), f.radiusArcsec);
        return SkyMatcher.match(f.tables.ra1(), f.tables.dec1(), index, f.radiusArcsec, m.mode);
    }
}
