package io.slotstream.api.account;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slotstream.api.system.ApiProblem;
import org.junit.jupiter.api.Test;

class PasswordRulesTests {

    @Test
    void commonPasswordsAreRefusedWhateverTheirCase() {
        assertThatThrownBy(() -> PasswordRules.check("alice", "Password123"))
                .isInstanceOf(ApiProblem.class)
                .hasMessageContaining("most common");
        assertThatThrownBy(() -> PasswordRules.check("alice", "QWERTYUIOP")).isInstanceOf(ApiProblem.class);
    }

    @Test
    void aPasswordContainingTheUsernameOrOfFewDistinctCharactersIsRefused() {
        assertThatThrownBy(() -> PasswordRules.check("alice", "my-Alice-password")).hasMessageContaining("username");
        assertThatThrownBy(() -> PasswordRules.check("bob", "aaaaabbbbbccccc")).hasMessageContaining("three different");
    }

    @Test
    void anOrdinaryLongPasswordPasses() {
        assertThatCode(() -> PasswordRules.check("alice", "correct horse battery")).doesNotThrowAnyException();
    }
}
