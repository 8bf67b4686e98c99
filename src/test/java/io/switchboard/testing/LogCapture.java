package io.switchboard.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The records one logger publishes while an action runs, at the levels the logger lets through. */
public final class LogCapture {

    private LogCapture() {
    }

    public static List<LogRecord> records(Logger logger, Runnable action) {
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public synchronized void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            action.run();
        } finally {
            logger.removeHandler(capture);
        }
        return records;
    }

    public static List<LogRecord> records(Class<?> loggingClass, Runnable action) {
        return records(Logger.getLogger(loggingClass.getName()), action);
    }
}
