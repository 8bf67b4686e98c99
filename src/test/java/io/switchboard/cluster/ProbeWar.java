package io.switchboard.cluster;

import java.io.File;
import java.nio.file.Path;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The built WAR plus {@link ClusterProbe} and its helpers, under the same file name. */
final class ProbeWar {

    private ProbeWar() {
    }

    static Path build() {
        File built = new File(System.getProperty("switchboard.war", "target/switchboard.war"));
        Path probe = Path.of("target", "cluster-probe", built.getName()).toAbsolutePath();
        probe.getParent().toFile().mkdirs();
        ShrinkWrap.create(WebArchive.class, built.getName())
                .merge(ShrinkWrap.createFromZipFile(WebArchive.class, built))
                .addClasses(ClusterProbe.class, ProbeObserver.class, ProbeObserver.Received.class, ProbeEvent.class)
                .as(ZipExporter.class).exportTo(probe.toFile(), true);
        return probe;
    }
}
