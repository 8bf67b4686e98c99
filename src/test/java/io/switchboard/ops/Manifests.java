package io.switchboard.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The Kubernetes objects in server-config/kubernetes/*.yaml, as plain maps and lists. */
final class Manifests {

    static final Path DIR = ConfigFile.DIR.resolve("kubernetes");

    /** One object and the file it came from. */
    record Manifest(Path file, Map<String, Object> body) {

        String kind() {
            return (String) body.get("kind");
        }

        String name() {
            return (String) map(body.get("metadata")).get("name");
        }

        /** The value at a dotted path of map keys, or null where the path ends early. */
        Object at(String path) {
            return Manifests.at(body, path);
        }
    }

    private final List<Manifest> all = new ArrayList<>();

    Manifests() {
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
                for (Object document : yaml.loadAll(Files.readString(file, StandardCharsets.UTF_8))) {
                    if (document != null) {
                        all.add(new Manifest(file, map(document)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Manifest> all() {
        return all;
    }

    List<Manifest> ofKind(String kind) {
        return all.stream().filter(m -> kind.equals(m.kind())).toList();
    }

    /** The one object of that kind, failing when there is none or several. */
    Manifest one(String kind) {
        List<Manifest> found = ofKind(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + ", found " + found.size());
        }
        return found.get(0);
    }

    Manifest named(String kind, String name) {
        return ofKind(kind).stream().filter(m -> name.equals(m.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    static Object at(Object root, String path) {
        Object node = root;
        for (String key : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(key);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        if (!(node instanceof Map)) {
            throw new AssertionError("expected a mapping, found " + node);
        }
        return (Map<String, Object>) node;
    }

    static List<Object> list(Object node) {
        if (!(node instanceof List<?> l)) {
            throw new AssertionError("expected a sequence, found " + node);
        }
        return new ArrayList<>(l);
    }
}
