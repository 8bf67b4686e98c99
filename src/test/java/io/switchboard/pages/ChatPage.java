package io.switchboard.pages;

import io.switchboard.testing.Browser;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The chat page ({@code /}) in one browser, read the way its user sees it. */
final class ChatPage {

    /** A message as shown: its seq (kept on the item), sender and text. */
    record Shown(long seq, String from, String text) {
    }

    private final Browser browser;
    private final WebDriver driver;

    ChatPage(Browser browser) {
        this.browser = browser;
        this.driver = browser.driver();
    }

    ChatPage open(URI server) {
        driver.get(server.resolve("/").toString());
        browser.waiting().until(d -> visible("login") || visible("chat"));
        return this;
    }

    /** Logs in with the form and waits until the chat shows, connected. */
    ChatPage logIn(String user, String password) {
        browser.waiting().until(d -> visible("login"));
        WebElement name = driver.findElement(By.id("username"));
        name.clear();
        name.sendKeys(user);
        WebElement secret = driver.findElement(By.id("password"));
        secret.clear();
        secret.sendKeys(password, Keys.ENTER);
        browser.waiting().until(d -> visible("chat") && user.equals(text("me")));
        return this;
    }

    /** Joins a channel by typing its name into the join box, and waits until it is the one shown. */
    void join(String channel) {
        driver.findElement(By.id("join-name")).sendKeys(channel, Keys.ENTER);
        browser.waiting().until(d -> ("#" + channel).equals(text("channel-title")));
    }

    /** Asks for the page of messages before the oldest shown. */
    void loadOlder() {
        browser.waiting().until(d -> visible("older"));
        driver.findElement(By.id("older")).click();
    }

    /** Whether the page says the channel's history starts here. */
    boolean showsHistoryStart() {
        return visible("history-start");
    }

    /** Types a message into the composer and sends it with Enter. */
    void send(String text) {
        WebElement box = driver.findElement(By.id("composer-text"));
        box.sendKeys(text, Keys.ENTER);
    }

    @SuppressWarnings("unchecked")
    List<Shown> messages() {
        List<Map<String, Object>> items = (List<Map<String, Object>>) js(
                "return [...document.querySelectorAll('#log-holder li.message')].map(li => ({seq: li.dataset.seq,"
                        + " from: li.querySelector('.from').textContent, text: li.querySelector('.text').textContent}));");
        return items.stream().map(m -> new Shown(Long.parseLong((String) m.get("seq")), (String) m.get("from"),
                (String) m.get("text"))).toList();
    }

    List<String> texts() {
        return messages().stream().map(Shown::text).toList();
    }

    /** The channels the page lists, in its order. */
    @SuppressWarnings("unchecked")
    List<String> channels() {
        return (List<String>) js("return [...document.querySelectorAll('#channel-list button')].map(b => b.dataset.channel);");
    }

    /** The users the page lists as online in the channel shown. */
    @SuppressWarnings("unchecked")
    List<String> online() {
        return (List<String>) js("return [...document.querySelectorAll('#presence li')].map(li => li.dataset.user);");
    }

    /** Messages of the channel shown still being sent (not acked) or failed. */
    long pendingCount() {
        return (Long) js("return document.querySelectorAll('#outbox li').length;");
    }

    /** The connection banner's text, or "" while it is hidden. */
    String banner() {
        return visible("banner") ? text("banner-text") : "";
    }

    /** Whether the page fits its window's width (nothing to scroll sideways) with the composer and channels in view. */
    boolean fitsNarrowWindow() {
        return Boolean.TRUE.equals(js("const box = document.getElementById('composer-text').getBoundingClientRect();"
                + " const list = document.getElementById('channel-list').getBoundingClientRect();"
                + " return document.documentElement.scrollWidth <= window.innerWidth"
                + " && box.width > 0 && box.right <= window.innerWidth && list.width > 0;"));
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    boolean showsLogin() {
        return visible("login");
    }

    void waitUntil(Predicate<ChatPage> condition, Duration limit) {
        browser.waiting(limit).withMessage(this::describe).until(d -> condition.test(this));
    }

    /** What the page shows, for a failed wait's message. */
    String describe() {
        return "page shows: banner=\"" + banner() + "\", login form " + (showsLogin() ? "shown" : "hidden")
                + ", online=" + online() + ", messages=" + messages();
    }

    private boolean visible(String id) {
        return Boolean.TRUE.equals(js("const e = document.getElementById(arguments[0]); return !!e && !e.hidden;", id));
    }

    private String text(String id) {
        return (String) js("return document.getElementById(arguments[0]).textContent;", id);
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }
}
