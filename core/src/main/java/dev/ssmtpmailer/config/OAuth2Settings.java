package dev.ssmtpmailer.config;

import java.net.URI;

/**
 * XOAUTH2 credentials of an upstream account: either a static access token, or a refresh-token grant
 * against a token endpoint (Google: {@code https://oauth2.googleapis.com/token}).
 *
 * @param accessToken a static access token ({@code oauth2_access_token[_file]}), or {@code null}
 * @param tokenEndpoint the token endpoint ({@code oauth2_token_endpoint}), or {@code null}
 * @param clientId the OAuth2 client id ({@code oauth2_client_id}), or {@code null}
 * @param clientSecret the client secret ({@code oauth2_client_secret[_file]}), or {@code null}
 * @param refreshToken the refresh token ({@code oauth2_refresh_token[_file]}), or {@code null}
 */
public record OAuth2Settings(Secret accessToken, URI tokenEndpoint, String clientId, Secret clientSecret,
                             Secret refreshToken) {

    /**
     * @param accessToken a static access token
     * @return settings that always use that token
     */
    public static OAuth2Settings staticToken(Secret accessToken) {
        return new OAuth2Settings(accessToken, null, null, null, null);
    }

    /**
     * @param tokenEndpoint the token endpoint
     * @param clientId the client id
     * @param clientSecret the client secret
     * @param refreshToken the refresh token
     * @return settings that obtain access tokens with the refresh-token grant
     */
    public static OAuth2Settings refreshGrant(URI tokenEndpoint, String clientId, Secret clientSecret, Secret refreshToken) {
        return new OAuth2Settings(null, tokenEndpoint, clientId, clientSecret, refreshToken);
    }

    /** @return whether access tokens come from the refresh-token grant */
    public boolean usesRefreshGrant() {
        return tokenEndpoint != null;
    }

    @Override
    public String toString() {
        return usesRefreshGrant()
                ? "OAuth2Settings[tokenEndpoint=" + tokenEndpoint + ", clientId=" + clientId + ", clientSecret=" + Secret.MASK
                        + ", refreshToken=" + Secret.MASK + "]"
                : "OAuth2Settings[accessToken=" + Secret.MASK + "]";
    }
}
