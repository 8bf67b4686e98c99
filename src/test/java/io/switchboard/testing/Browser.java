package io.switchboard.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven through chromium-driver, both from Debian's packages. Each instance is
 * its own browser profile, so two instances are two users with separate cookies.
 */
public final class Browser implements AutoCloseable {

    private static final String CHROMIUM = System.getProperty("switchboard.test.chromium", "/usr/bin/chromium");
    private static final String DRIVER = System.getProperty("switchboard.test.chromedriver", "/usr/bin/chromedriver");

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** A new browser with a 1280×800 window. */
    public static Browser open() {
        return open(1280, 800);
    }

    /** A new browser with a window of the given size, so screenshots and layouts are the same on every run. */
    public static Browser open(int width, int height) {
        ChromeOptions options = new ChromeOptions();
        // The binary is given, so Selenium Manager never tries to download a browser or a driver.
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + width + "," + height, "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .build();
        return new Browser(new ChromeDriver(service, options));
    }

    public WebDriver driver() {
        return driver;
    }

    /** A wait for conditions on this browser's pages, generous for a loaded 2-core machine. */
    public WebDriverWait waiting() {
        return waiting(Duration.ofSeconds(30));
    }

    public WebDriverWait waiting(Duration timeout) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100));
    }

    /** Saves a PNG of the visible page to {@code target}, creating its directory. */
    public void screenshot(Path target) {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
