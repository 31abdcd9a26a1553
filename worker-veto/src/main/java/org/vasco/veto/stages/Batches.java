package org.vasco.veto.stages;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.vasco.common.http.ArchiveException;
import org.vasco.veto.remote.VoTables;

/**
 * Splitting a batch into uploads of bounded size, and judging it upload by upload: one request per chunk,
 * then one verdict per candidate of the chunk. A failed request fails the whole batch (never a pass-through).
 */
final class Batches {

    private Batches() {
    }

    static <T> List<List<T>> chunks(List<T> items, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("chunk size must be positive, was " + size);
        }
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            chunks.add(items.subList(i, Math.min(items.size(), i + size)));
        }
        return chunks;
    }

    /**
     * Asks the service once per chunk of at most {@code uploadRows} candidates and turns each answer into
     * verdicts, in input order.
     *
     * @param query what is asked of the service for one chunk (its rows are numbered 0… as uploaded)
     * @throws VetoStageException naming the stage and {@code what} failed; retriable unless the service refused
     */
    static <A> List<CandidateVerdict> judgeByUpload(String stage, String what, List<Candidate> batch, int uploadRows,
                                                   UploadQuery<A> query, RowVerdict<A> verdict)
            throws VetoStageException, InterruptedException {
        List<CandidateVerdict> verdicts = new ArrayList<>(batch.size());
        for (List<Candidate> chunk : chunks(batch, uploadRows)) {
            A answer;
            try {
                answer = query.ask(chunk);
            } catch (IOException e) {
                throw new VetoStageException(stage, !(e instanceof ArchiveException ae) || ae.isRetriable(),
                        what + " of " + chunk.size() + " candidates failed: " + e.getMessage(), e);
            }
            for (int i = 0; i < chunk.size(); i++) {
                verdicts.add(verdict.of(chunk.get(i), i, answer));
            }
        }
        return verdicts;
    }

    /** The VOTable upload of a chunk: its candidates' positions, row {@code i} being {@code chunk.get(i)}. */
    static byte[] uploadTable(List<Candidate> chunk) {
        double[] ra = new double[chunk.size()];
        double[] dec = new double[chunk.size()];
        for (int i = 0; i < chunk.size(); i++) {
            ra[i] = chunk.get(i).raDeg();
            dec[i] = chunk.get(i).decDeg();
        }
        return VoTables.uploadTable(ra, dec);
    }

    /** One request for one upload. */
    @FunctionalInterface
    interface UploadQuery<A> {
        A ask(List<Candidate> chunk) throws IOException, InterruptedException;
    }

    /** The verdict on the candidate uploaded as row {@code row}, given the service's answer for its chunk. */
    @FunctionalInterface
    interface RowVerdict<A> {
        CandidateVerdict of(Candidate candidate, int row, A answer);
    }
}
