package org.vasco.xmatch.mirror;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A mirror in a local (or mounted) directory. */
final class LocalMirrorFiles implements MirrorFiles {

    private final Path root;

    LocalMirrorFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public Optional<Path> file(String relativePath) {
        Path file = resolve(relativePath);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    @Override
    public List<String> list(String relativeDirectory) throws MirrorException {
        Path dir = resolve(relativeDirectory);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            List<String> names = new ArrayList<>();
            entries.forEach(p -> names.add(p.getFileName().toString()));
            names.sort(null);
            return names;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new MirrorException(MirrorException.Problem.UNREACHABLE, "cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private Path resolve(String relative) {
        Path p = root.resolve(relative).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException(relative + " is outside the mirror " + root);
        }
        return p;
    }

    @Override
    public String describe() {
        return root.toString();
    }
}
