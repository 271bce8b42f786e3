package com.sharefab.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Sharefab: the shared-manufacturing marketplace, both sides in one process. */
@SpringBootApplication(scanBasePackages = "com.sharefab")
public class SharefabApplication {

    static {
        // Axon 4.13 reports to AxonIQ at start unless told not to; it reads only a system property or an
        // environment variable, not Spring's configuration. Our machines reach no such host anyway.
        if (System.getProperty("axoniq.update-checker.disabled") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
    }

    public static void main(String[] args) {
        SpringApplication.run(SharefabApplication.class, args);
    }
}
