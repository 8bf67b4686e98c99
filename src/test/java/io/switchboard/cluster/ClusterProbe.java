package io.switchboard.cluster;

import com.hazelcast.core.HazelcastInstance;
import fish.payara.micro.cdi.Outbound;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Test-only window into an instance, added to the WAR by {@link ClusterPlatformIT}:
 * {@code GET members} shows what {@link Membership} reports; {@code POST fire?run=R&count=N&gapMicros=G}
 * fires N {@link ProbeEvent}s as clustered CDI events from one thread, G microseconds apart;
 * {@code GET received?run=R} lists what {@link ProbeObserver} saw of run R; and when the container
 * destroys it (at SIGTERM) it fires one event of run "goodbye" and notes how that went in the file
 * named by the system property {@code cluster-probe.notes}.
 */
@WebServlet(urlPatterns = "/cluster-probe/*", loadOnStartup = 1)
public class ClusterProbe extends HttpServlet {

    @Inject
    Membership membership;

    @Inject
    ProbeObserver observer;

    @Inject
    @Outbound
    Event<Serializable> outbound;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (String.valueOf(request.getPathInfo())) {
            case "/members" -> write(response, members());
            case "/received" -> write(response, received(request.getParameter("run")));
            default -> response.sendError(404);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/fire".equals(request.getPathInfo())) {
            response.sendError(404);
            return;
        }
        String run = request.getParameter("run");
        int count = Integer.parseInt(request.getParameter("count"));
        long gap = TimeUnit.MICROSECONDS.toNanos(Long.parseLong(request.getParameter("gapMicros")));
        String sender = membership.self().map(ClusterMember::name).orElse("?");
        long start = System.nanoTime();
        for (int seq = 1; seq <= count; seq++) {
            outbound.fire(new ProbeEvent(run, seq, System.nanoTime(), sender));
            if (gap > 0) {
                LockSupport.parkNanos(gap);
            }
        }
        write(response, Json.createObjectBuilder().add("fired", count)
                .add("micros", TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start)));
    }

    /**
     * At undeploy (SIGTERM), when the hub drains its connections too: is the grid still there, and
     * does an event fired now reach the others? The others list it under run "goodbye".
     */
    @Override
    public void destroy() {
        String sender = "?";
        try {
            sender = membership.self().map(ClusterMember::name).orElse("(grid gone)");
            outbound.fire(new ProbeEvent("goodbye", 1, System.nanoTime(), sender));
            note("goodbye fired by " + sender);
        } catch (RuntimeException e) {
            note("goodbye from " + sender + " not fired: " + e);
        }
    }

    // Nothing reaches the server log or the console during shutdown: append to a file.
    private static void note(String line) {
        String file = System.getProperty("cluster-probe.notes");
        if (file == null) {
            return;
        }
        try {
            Files.writeString(Path.of(file), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // a probe only
        }
    }

    private JsonObjectBuilder members() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("clustered", membership.clustered());
        membership.self().ifPresent(self -> json.add("self", member(self)));
        JsonArrayBuilder all = Json.createArrayBuilder();
        membership.members().forEach(m -> all.add(member(m)));
        json.add("members", all);
        // the failure detector's settings as the grid holds them (absent: Hazelcast's default)
        try {
            HazelcastInstance grid = (HazelcastInstance) new InitialContext().lookup("payara/Hazelcast");
            JsonObjectBuilder properties = Json.createObjectBuilder();
            grid.getConfig().getProperties().forEach((k, v) -> properties.add(String.valueOf(k), String.valueOf(v)));
            json.add("gridProperties", properties);
        } catch (NamingException notClustered) {
            // nothing to show
        }
        return json;
    }

    private static JsonObjectBuilder member(ClusterMember m) {
        return Json.createObjectBuilder().add("id", m.id()).add("name", m.name()).add("address", m.address());
    }

    private JsonObjectBuilder received(String run) {
        JsonArrayBuilder events = Json.createArrayBuilder();
        observer.of(run).forEach(r -> events.add(Json.createObjectBuilder().add("seq", r.seq())
                .add("arrival", r.arrival()).add("latencyMicros", TimeUnit.NANOSECONDS.toMicros(r.latencyNanos()))
                .add("thread", r.thread()).add("sender", r.sender())));
        return Json.createObjectBuilder().add("events", events);
    }

    private static void write(HttpServletResponse response, JsonObjectBuilder json) throws IOException {
        response.setContentType("application/json");
        response.getWriter().write(json.build().toString());
    }
}
