package com.sharefab.app.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sharefab.query.graphql.Access;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The realm docker compose imports into Keycloak issues the tokens this app accepts: our roles, firm_id from a user
 * attribute only admins may edit, our audience; every user one role and a firm. (Keycloak itself cannot run here.)
 */
class KeycloakRealmTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode realm = read();

    @Test
    void realmRoles_areThePlatformRoles() {
        var roles = new HashSet<String>();
        realm.at("/roles/realm").forEach(role -> roles.add(role.path("name").asText()));

        assertThat(roles).containsExactlyInAnyOrderElementsOf(Access.ROLES);
    }

    @Test
    void appClient_mapsFirmAttributeAudienceAndRealmRoles() {
        var client = realm.path("clients").get(0);
        var mappers = new ArrayList<JsonNode>();
        client.path("protocolMappers").forEach(mappers::add);

        assertThat(mappers).anySatisfy(m -> {
            assertThat(m.path("protocolMapper").asText()).isEqualTo("oidc-usermodel-attribute-mapper");
            assertThat(m.at("/config/user.attribute").asText()).isEqualTo("firm_id");
            assertThat(m.at("/config/claim.name").asText()).isEqualTo(TokenActors.FIRM_CLAIM);
            assertThat(m.at("/config/access.token.claim").asText()).isEqualTo("true");
        });
        assertThat(mappers).anySatisfy(m -> {
            assertThat(m.path("protocolMapper").asText()).isEqualTo("oidc-audience-mapper");
            assertThat(m.at("/config/included.custom.audience").asText()).isEqualTo("sharefab-api");
        });
        assertThat(mappers).anySatisfy(m ->
                assertThat(m.at("/config/claim.name").asText()).isEqualTo("realm_access.roles"));
    }

    @Test
    void firmAttribute_onlyAdminsMayEdit() throws Exception {
        var profile = JSON.readTree(realm.at("/components/org.keycloak.userprofile.UserProfileProvider/0/config")
                .path("kc.user.profile.config").get(0).asText());
        JsonNode firm = null;
        for (var attribute : profile.path("attributes")) {
            if ("firm_id".equals(attribute.path("name").asText())) {
                firm = attribute;
            }
        }

        assertThat(firm).as("firm_id declared in the user profile (Keycloak drops undeclared attributes)").isNotNull();
        assertThat(firm.at("/permissions/edit").toString()).isEqualTo("[\"admin\"]");
    }

    @Test
    void everyUser_hasOneRoleAndAFirm() {
        List<String> roles = new ArrayList<>();
        realm.path("users").forEach(user -> {
            assertThat(user.path("realmRoles").size()).as(user.toString()).isEqualTo(1);
            assertThat(user.at("/attributes/firm_id/0").asText()).as(user.toString()).isNotBlank();
            roles.add(user.at("/realmRoles/0").asText());
        });

        assertThat(roles).containsAll(Access.ROLES);
    }

    private static JsonNode read() {
        try {
            return JSON.readTree(Path.of("..", "keycloak", "sharefab-realm.json").toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read keycloak/sharefab-realm.json", e);
        }
    }
}
