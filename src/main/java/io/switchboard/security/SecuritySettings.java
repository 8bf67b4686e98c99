package io.switchboard.security;

import io.switchboard.config.Setting;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/** The configured security settings, read and checked once at startup. */
@ApplicationScoped
public class SecuritySettings {

    // A stolen SBLOGIN cookie of a login that is used every day is good for this long at most.
    private static final Duration MAX_PERSISTENT_LOGIN = Duration.ofDays(30);

    @Inject
    Config config;

    private String adminInitialPassword;
    private boolean demoUsers;
    private boolean cookieSecure;
    private Duration sessionTimeout;
    private Duration persistentLogin;
    private int loginMaxFailures;
    private Duration loginWindow;
    private int loginMaxPerAddressPerMinute;
    private PasswordHasher passwordHasher;
    private int passwordMinLength;
    private int httpMaxBodyBytes;
    private int maxJsonDepth;
    private List<String> allowedOrigins;
    private boolean allowMissingOrigin;
    private ChannelRules channelRules;
    private Duration connectionMaxLifetime;
    private double ratePerSecond;
    private int rateBurst;
    private Duration rateCloseAfter;
    private int connectionsMax;
    private int connectionsMaxPerUser;
    private int connectionsMaxPerAddress;
    private BroadcastRule broadcastRule;

    @PostConstruct
    void read() {
        adminInitialPassword = Setting.ADMIN_INITIAL_PASSWORD.stringValue(config);
        demoUsers = Setting.DEMO_USERS.booleanValue(config);
        cookieSecure = Setting.COOKIE_SECURE.booleanValue(config);
        sessionTimeout = Setting.SESSION_TIMEOUT.durationValue(config);
        persistentLogin = Setting.LOGIN_PERSISTENT.parseDuration(Setting.LOGIN_PERSISTENT.rawValue(config));
        if (persistentLogin.isNegative() || persistentLogin.compareTo(MAX_PERSISTENT_LOGIN) > 0) {
            throw new IllegalArgumentException(Setting.LOGIN_PERSISTENT.key() + "=" + Setting.LOGIN_PERSISTENT.rawValue(config)
                    + " is not between 0 and " + MAX_PERSISTENT_LOGIN.toDays() + "d");
        }
        loginMaxFailures = Setting.LOGIN_MAX_FAILURES.intValue(config);
        loginWindow = Setting.LOGIN_WINDOW.durationValue(config);
        loginMaxPerAddressPerMinute = Setting.LOGIN_MAX_PER_ADDRESS.intValue(config);
        String algorithm = Setting.PASSWORD_ALGORITHM.stringValue(config);
        if (!PasswordHasher.ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException(Setting.PASSWORD_ALGORITHM.key() + "=" + algorithm
                    + " is not one of " + PasswordHasher.ALGORITHMS);
        }
        int iterations = Setting.PASSWORD_ITERATIONS.intValue(config);
        if (iterations < 1000) {
            throw new IllegalArgumentException(Setting.PASSWORD_ITERATIONS.key() + "=" + iterations + " is below 1000");
        }
        passwordHasher = new PasswordHasher(algorithm, iterations);
        passwordMinLength = Setting.PASSWORD_MIN_LENGTH.intValue(config);
        httpMaxBodyBytes = Setting.HTTP_MAX_BODY_BYTES.intValue(config);
        maxJsonDepth = Setting.MAX_JSON_DEPTH.intValue(config);
        allowedOrigins = Arrays.stream(Setting.ALLOWED_ORIGINS.stringValue(config).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        allowMissingOrigin = Setting.ALLOW_MISSING_ORIGIN.booleanValue(config);
        channelRules = ChannelRules.parse(Setting.CHANNEL_RULES.stringValue(config));
        connectionMaxLifetime = Setting.CONNECTION_MAX_LIFETIME.durationValue(config);
        ratePerSecond = Setting.RATE_MESSAGES_PER_SECOND.intValue(config);
        rateBurst = Setting.RATE_BURST.intValue(config);
        rateCloseAfter = Duration.ofSeconds(Setting.RATE_CLOSE_AFTER_SECONDS.intValue(config));
        connectionsMax = Setting.CONNECTIONS_MAX.intValue(config);
        connectionsMaxPerUser = Setting.CONNECTIONS_MAX_PER_USER.intValue(config);
        connectionsMaxPerAddress = Setting.CONNECTIONS_MAX_PER_ADDRESS.intValue(config);
        broadcastRule = BroadcastRule.read(config);
    }

    public String adminInitialPassword() {
        return adminInitialPassword;
    }

    public boolean demoUsers() {
        return demoUsers;
    }

    public boolean cookieSecure() {
        return cookieSecure;
    }

    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    /** How long a login is kept across restarts at most; zero when persistent logins are off. */
    public Duration persistentLogin() {
        return persistentLogin;
    }

    public int loginMaxFailures() {
        return loginMaxFailures;
    }

    public Duration loginWindow() {
        return loginWindow;
    }

    public int loginMaxPerAddressPerMinute() {
        return loginMaxPerAddressPerMinute;
    }

    public PasswordHasher passwordHasher() {
        return passwordHasher;
    }

    public int passwordMinLength() {
        return passwordMinLength;
    }

    public int httpMaxBodyBytes() {
        return httpMaxBodyBytes;
    }

    public int maxJsonDepth() {
        return maxJsonDepth;
    }

    /** Allowed origins; empty means only the server's own. */
    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    public boolean allowMissingOrigin() {
        return allowMissingOrigin;
    }

    public ChannelRules channelRules() {
        return channelRules;
    }

    public Duration connectionMaxLifetime() {
        return connectionMaxLifetime;
    }

    public double ratePerSecond() {
        return ratePerSecond;
    }

    public int rateBurst() {
        return rateBurst;
    }

    public Duration rateCloseAfter() {
        return rateCloseAfter;
    }

    public int connectionsMax() {
        return connectionsMax;
    }

    public int connectionsMaxPerUser() {
        return connectionsMaxPerUser;
    }

    public int connectionsMaxPerAddress() {
        return connectionsMaxPerAddress;
    }

    public BroadcastRule broadcastRule() {
        return broadcastRule;
    }
}
