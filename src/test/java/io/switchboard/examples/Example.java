package io.switchboard.examples;

import java.nio.file.Files;
import java.nio.file.Path;

/** The example clients in examples/, each run by its interpreter with the same arguments. */
enum Example {
    NODE("node", "examples/node/client.js"),
    PYTHON(python(), "examples/python/client.py");

    private final String interpreter;
    private final Path program;

    Example(String interpreter, String program) {
        this.interpreter = interpreter;
        this.program = Path.of(program);
    }

    // Debian's python3-websockets is installed for the system's interpreter, which a python3 earlier
    // on the PATH (a pyenv shim, a virtualenv) would not see; -Dswitchboard.python names another.
    private static String python() {
        String system = "/usr/bin/python3";
        return System.getProperty("switchboard.python", Files.isExecutable(Path.of(system)) ? system : "python3");
    }

    String interpreter() {
        return interpreter;
    }

    Path program() {
        return program;
    }
}
