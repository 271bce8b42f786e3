package com.sharefab.command.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sharefab.command.axon.Commands;
import com.sharefab.command.axon.DomainException;
import com.sharefab.command.settlement.CapturePaymentCommand;
import com.sharefab.events.Actor;
import com.sharefab.events.Money;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The provider's notifications ({@code POST /payments/notifications}). The HMAC-SHA256 signature over the raw body
 * ({@code X-Signature}, hex) is checked first (constant time): an unsigned or tampered notification is 401 and
 * changes nothing. A verified one becomes a {@link CapturePaymentCommand} as the platform itself; replays and
 * duplicates are harmless because the settlement captures a payment once. 2xx tells the provider to stop
 * resending; 5xx asks it to resend.
 */
@RestController
class PaymentNotificationController {

    static final String PATH = "/payments/notifications";
    static final String SIGNATURE_HEADER = "X-Signature";

    private static final Logger log = LoggerFactory.getLogger(PaymentNotificationController.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAYMENT_SUFFIX = ":payment";

    private final Commands commands;
    private final PaymentProviderSettings settings;

    PaymentNotificationController(Commands commands, PaymentProviderSettings settings) {
        this.commands = commands;
        this.settings = settings;
    }

    @PostMapping(PATH)
    ResponseEntity<String> notification(
            @RequestBody byte[] body, @RequestHeader(name = SIGNATURE_HEADER, required = false) String signature) {
        if (!verified(settings.secret(), body, signature)) {
            log.warn("payment notification with a bad signature refused");
            return ResponseEntity.status(401).body("bad signature");
        }
        JsonNode notification;
        try {
            notification = JSON.readTree(body);
        } catch (IOException e) {
            return ResponseEntity.badRequest().body("not JSON");
        }
        if (!"PAID".equals(notification.path("status").asText())) {
            return ResponseEntity.ok("ignored");
        }
        String reference = notification.path("reference").asText();
        if (!reference.endsWith(PAYMENT_SUFFIX)) {
            return ResponseEntity.ok("not ours");
        }
        String settlementId = reference.substring(0, reference.length() - PAYMENT_SUFFIX.length());
        var capture = new CapturePaymentCommand(
                settlementId,
                notification.path("notificationId").asText(),
                notification.path("providerPaymentId").asText(),
                new Money(notification.path("amountFen").asLong(), notification.path("currency").asText()));
        try {
            commands.sendAndWait(capture, Actor.system(), capture.notificationId());
            return ResponseEntity.ok("ok");
        } catch (AggregateNotFoundException e) {
            return ResponseEntity.status(404).body("no settlement " + settlementId);
        } catch (DomainException e) {
            return ResponseEntity.unprocessableEntity().body(e.code());
        }
    }

    /** Whether {@code signature} is the HMAC-SHA256 (hex) of {@code body} under {@code secret}; constant time. */
    static boolean verified(String secret, byte[] body, String signature) {
        if (signature == null || signature.isBlank()) {
            return false;
        }
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, signature.trim().toLowerCase().getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
