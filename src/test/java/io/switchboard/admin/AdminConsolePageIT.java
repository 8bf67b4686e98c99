package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.Browser;
import io.switchboard.testing.Deployments;
import io.switchboard.testing.Login;
import io.switchboard.testing.WsClient;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The admin console in a real browser (headless Chromium): a plain user is refused it, its
 * connection figure follows clients connecting, and a kick confirmed in its dialog closes the
 * user's socket with 4003. Saves the screenshot the README shows, docs/images/admin.png.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminConsolePageIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("consolepage", Map.of("switchboard.admin.live-interval", "500ms"));
    }

    @ArquillianResource
    URL base;

    URI ws;
    String root;

    @BeforeEach
    void uris() {
        ws = Deployments.wsUri(base);
        root = ws.toString().replaceFirst("^ws:", "http:").replaceFirst("/ws$", "/");
    }

    /** Logs the browser in as the page's own script would, with a same-origin fetch. */
    private void logIn(WebDriver driver, String user, String password) {
        driver.get(root + "webjars/uplot/1.6.30/LICENSE");
        Object status = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {method: 'POST', headers: {'Content-Type': 'application/json'},"
                        + " body: JSON.stringify({username: arguments[1], password: arguments[2]})})"
                        + ".then(r => done(r.status), e => done(String(e)));",
                root + "api/login", user, password);
        assertThat(status).isEqualTo(204L);
    }

    @Test
    void aPlainUserIsRefusedTheConsole() {
        try (Browser browser = Browser.open()) {
            logIn(browser.driver(), "alice", Login.DEMO_PASSWORD);
            browser.driver().get(root + "admin/");

            assertThat(browser.driver().findElement(By.tagName("body")).getText()).contains("needs the admin role");
            assertThat(browser.driver().findElements(By.id("n-connections"))).isEmpty();
        }
    }

    @Test
    void theConsolesConnectionsFollowClientsAndAConfirmedKickClosesTheUsersSocketWith4003() {
        String user = "kickme" + System.nanoTime() % 100_000;
        HttpResponse<String> created = Login.post(ws, "/api/admin/users",
                "{\"username\":\"" + user + "\",\"password\":\"kick-password\",\"roles\":[\"user\"]}", Login.shared(ws, "admin"));
        assertThat(created.statusCode()).isEqualTo(201);
        try (Browser browser = Browser.open(1280, 1000)) {
            WebDriver driver = browser.driver();
            logIn(driver, "admin", Login.DEMO_PASSWORD);
            driver.get(root + "admin/");
            browser.waiting().until(d -> "live".equals(d.findElement(By.id("live-state")).getText()));
            browser.waiting().until(d -> connections(d) >= 0);
            int before = connections(driver);

            List<WsClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    clients.add(WsClient.connect(ws, Login.shared(ws, "bob")));
                }
                WsClient victim = WsClient.connect(ws, Login.fresh(ws, user, "kick-password"));
                clients.add(victim);
                browser.waiting().until(d -> connections(d) >= before + 4);

                WebElement filter = driver.findElement(By.cssSelector("#connections-filter input[name=filter]"));
                filter.sendKeys(user);
                driver.findElement(By.cssSelector("#connections-filter button[type=submit]")).click();
                WebElement kick = browser.waiting().until(ExpectedConditions.elementToBeClickable(
                        By.cssSelector("#connections button[data-user='" + user + "']")));
                browser.waiting(Duration.ofSeconds(10)).until(d -> driver.findElements(By.cssSelector("#members tr")).size() == 1);

                // Some traffic for the charts: bob listens to a channel alice publishes in until the
                // console shows messages going out (one publish per poll of the wait).
                WsClient listener = clients.get(0);
                listener.send("{\"type\":\"subscribe\",\"channel\":\"console.demo\",\"id\":\"s\"}");
                listener.expect("subscribed");
                // For the picture, a few seconds of it: the charts draw one point per snapshot.
                long pictureFrom = System.nanoTime() + Duration.ofSeconds(6).toNanos();
                browser.waiting().until(d -> {
                    Login.post(ws, "/api/channels/console.demo/messages", "{\"data\":{\"text\":\"hello\"}}",
                            Login.shared(ws, "alice"));
                    return number(d, "n-out") > 0 && System.nanoTime() > pictureFrom;
                });
                driver.findElement(By.cssSelector("#channels-filter button[type=submit]")).click();
                browser.waiting().until(d -> d.findElement(By.id("channels")).getText().contains("console.demo"));
                browser.screenshot(Path.of("docs", "images", "admin.png"));

                kick.click();
                WebElement dialog = browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
                assertThat(dialog.getText()).contains("Kick " + user);
                driver.findElement(By.id("confirm-ok")).click();

                assertThat(victim.awaitClose().getCloseCode().getCode()).isEqualTo(4003);
                browser.waiting().until(d -> d.findElement(By.id("toast")).getText().contains(user + " kicked"));
                browser.waiting().until(d -> d.findElement(By.id("audit")).getText().contains("user.kick"));
            } finally {
                clients.forEach(WsClient::close);
            }
        }
    }

    /** The console's connection figure, or -1 while it shows none. */
    private static int connections(WebDriver driver) {
        return (int) number(driver, "n-connections");
    }

    /** A number the console shows, or -1 while it shows none. */
    private static double number(WebDriver driver, String id) {
        String text = driver.findElement(By.id(id)).getText().trim();
        return text.matches("\\d+(\\.\\d+)?") ? Double.parseDouble(text) : -1;
    }
}
