package com.sharefab.command.firm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnifiedSocialCreditCodeTest {

    private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    @Test
    void isValid_knownGoodCode_isValid() {
        assertThat(UnifiedSocialCreditCode.Validator.isValid("91350100M000100Y43")).isTrue();
    }

    @Test
    void isValid_anySingleCharacterChanged_isInvalid() {
        var code = "91350100M000100Y43";
        for (int position = 0; position < code.length(); position++) {
            for (char replacement : (ALPHABET + "IOZSV").toCharArray()) {
                if (replacement == code.charAt(position)) {
                    continue;
                }
                var changed = code.substring(0, position) + replacement + code.substring(position + 1);
                assertThat(UnifiedSocialCreditCode.Validator.isValid(changed))
                        .as("%s (position %d changed to %s)", changed, position, replacement)
                        .isFalse();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "91350100M000100Y4", "91350100M000100Y433", "91350100m000100y43!"})
    void isValid_wrongLengthOrAlphabet_isInvalid(String code) {
        assertThat(UnifiedSocialCreditCode.Validator.isValid(code)).isFalse();
    }

    @Test
    void validator_lowerCaseWithSpaces_isAccepted() {
        assertThat(new UnifiedSocialCreditCode.Validator().isValid(" 91350100m000100y43 ", null)).isTrue();
    }
}
