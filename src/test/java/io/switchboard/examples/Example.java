package io.switchboard.examples;

import java.nio.file.Path;

/** The example clients in examples/, each run by its interpreter with the same arguments. */
enum Example {
    NODE("node", "examples/node/client.js"),
    PYTHON("python3", "examples/python/client.py");

    private final String interpreter;
    private final Path program;

    Example(String interpreter, String program) {
        this.interpreter = interpreter;
        this.program = Path.of(program);
    }

    String interpreter() {
        return interpreter;
    }

    Path program() {
        return program;
    }
}
