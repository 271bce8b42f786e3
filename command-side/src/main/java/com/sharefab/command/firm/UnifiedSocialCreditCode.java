package com.sharefab.command.firm;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An 18-character Unified Social Credit Code (统一社会信用代码) whose last character is the check character of
 * GB 32100-2015 (ISO 7064 MOD 31-3 over the alphabet without I, O, Z, S and V). Null is left to {@code @NotBlank}.
 */
@Documented
@Constraint(validatedBy = UnifiedSocialCreditCode.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface UnifiedSocialCreditCode {

    String message() default "is not a valid Unified Social Credit Code (18 characters with a correct check character)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks the code's length, alphabet and check character. */
    class Validator implements ConstraintValidator<UnifiedSocialCreditCode, String> {

        private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || isValid(value.strip().toUpperCase(java.util.Locale.ROOT));
        }

        /** Whether {@code code} is a well-formed code with a correct check character. */
        static boolean isValid(String code) {
            if (code.length() != 18) {
                return false;
            }
            int sum = 0;
            for (int i = 0; i < 17; i++) {
                int value = ALPHABET.indexOf(code.charAt(i));
                if (value < 0) {
                    return false;
                }
                sum += value * WEIGHTS[i];
            }
            int check = (31 - sum % 31) % 31;
            return code.charAt(17) == ALPHABET.charAt(check);
        }
    }
}
