package io.switchboard.cli.bench;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A mode whose connections a client library carries (fanout, publish, echo): the target, client
 * and output options it shares with the others, declared once (picocli takes a superclass's
 * mixins too, before the mode's own options).
 */
abstract class LoadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    ClientOptions clientOptions;

    @Mixin
    OutputOptions output;

    /** The checked connection settings; several --url only where {@code severalUrls}. */
    LoadRun.Settings connections(boolean severalUrls, List<Long> serverPids) {
        clientOptions.validate();
        return new LoadRun.Settings(target.urls(severalUrls), clientOptions.client, clientOptions.threads,
                clientOptions.connectConcurrency, target.timeout(), target.user, target.password, serverPids);
    }
}
