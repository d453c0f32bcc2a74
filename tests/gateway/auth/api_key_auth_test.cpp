#include "gateway/auth/api_key_auth.hpp"

#include <cctype>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

namespace toolgate::gateway::auth {
namespace {

// Digests computed independently (sha256sum) of "sk-team-a-secret" and "sk-team-b-secret".
constexpr const char* kTeamADigest = "a15573eae588068cc43dbad5a2819875795ae29bd53b8dd7a82792e8ee608005";
constexpr const char* kTeamBDigest = "2bdc7365a94e6334f5bb9e337d946d9b7ff12ab097e76094dfd73ba5036253e1";

ApiKeyAuth two_keys() {
  return ApiKeyAuth({{"team-a", kTeamADigest}, {"team-b", kTeamBDigest}});
}

std::string name_of(const std::variant<std::string, AuthFailure>& result) {
  EXPECT_TRUE(std::holds_alternative<std::string>(result));
  return std::holds_alternative<std::string>(result) ? std::get<std::string>(result) : "";
}

AuthFailure failure_of(const std::variant<std::string, AuthFailure>& result) {
  EXPECT_TRUE(std::holds_alternative<AuthFailure>(result));
  return std::holds_alternative<AuthFailure>(result) ? std::get<AuthFailure>(result)
                                                     : AuthFailure::missing;
}

TEST(ApiKeyAuth, AcceptedKeyReturnsItsName) {
  const auto auth = two_keys();
  EXPECT_TRUE(auth.enabled());
  EXPECT_EQ(name_of(auth.authenticate("Bearer sk-team-a-secret")), "team-a");
  EXPECT_EQ(name_of(auth.authenticate("Bearer sk-team-b-secret")), "team-b");
}

TEST(ApiKeyAuth, SchemeIsCaseInsensitiveAndWhitespaceTolerated) {
  const auto auth = two_keys();
  EXPECT_EQ(name_of(auth.authenticate("bearer sk-team-a-secret")), "team-a");
  EXPECT_EQ(name_of(auth.authenticate("BEARER sk-team-a-secret")), "team-a");
  EXPECT_EQ(name_of(auth.authenticate("  Bearer \t  sk-team-b-secret  ")), "team-b");
}

TEST(ApiKeyAuth, UpperCaseConfiguredDigestStillMatches) {
  std::string upper = kTeamADigest;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const ApiKeyAuth auth({{"team-a", upper}});
  EXPECT_EQ(name_of(auth.authenticate("Bearer sk-team-a-secret")), "team-a");
}

TEST(ApiKeyAuth, WrongKeyIsUnknown) {
  const auto auth = two_keys();
  EXPECT_EQ(failure_of(auth.authenticate("Bearer sk-team-a-secreT")), AuthFailure::unknown_key);
  EXPECT_EQ(failure_of(auth.authenticate("Bearer sk-team-a-secret-")), AuthFailure::unknown_key);
  // The digest itself is not a key.
  EXPECT_EQ(failure_of(auth.authenticate(std::string("Bearer ") + kTeamADigest)),
            AuthFailure::unknown_key);
}

TEST(ApiKeyAuth, MissingHeader) {
  const auto auth = two_keys();
  EXPECT_EQ(failure_of(auth.authenticate("")), AuthFailure::missing);
  EXPECT_EQ(failure_of(auth.authenticate("   ")), AuthFailure::missing);
}

TEST(ApiKeyAuth, NonBearerSchemeIsMalformed) {
  const auto auth = two_keys();
  EXPECT_EQ(failure_of(auth.authenticate("Basic dXNlcjpwYXNz")), AuthFailure::malformed);
  EXPECT_EQ(failure_of(auth.authenticate("sk-team-a-secret")), AuthFailure::malformed);
  EXPECT_EQ(failure_of(auth.authenticate("Bearersk-team-a-secret")), AuthFailure::malformed);
}

TEST(ApiKeyAuth, EmptyOrSplitTokenIsMalformed) {
  const auto auth = two_keys();
  EXPECT_EQ(failure_of(auth.authenticate("Bearer")), AuthFailure::malformed);
  EXPECT_EQ(failure_of(auth.authenticate("Bearer   ")), AuthFailure::malformed);
  EXPECT_EQ(failure_of(auth.authenticate("Bearer sk-team-a secret")), AuthFailure::malformed);
  EXPECT_EQ(failure_of(auth.authenticate("Bearer sk-team-a-secret\x01")), AuthFailure::malformed);
}

TEST(ApiKeyAuth, DisabledAcceptsEverythingAsAnonymous) {
  const ApiKeyAuth auth(std::vector<KeyEntry>{});
  EXPECT_FALSE(auth.enabled());
  EXPECT_EQ(name_of(auth.authenticate("")), "anonymous");
  EXPECT_EQ(name_of(auth.authenticate("Bearer whatever")), "anonymous");
  EXPECT_EQ(name_of(auth.authenticate("Basic abc")), "anonymous");
}

TEST(ApiKeyAuth, RejectsMalformedConfiguredDigest) {
  EXPECT_THROW(ApiKeyAuth(std::vector<KeyEntry>{{"bad", "not-a-digest"}}), std::invalid_argument);
}

TEST(ApiKeyAuth, FailureMessagesAreDistinctAndNeverEmpty) {
  EXPECT_EQ(failure_message(AuthFailure::missing),
            "Missing API key: send Authorization: Bearer <key>");
  EXPECT_NE(failure_message(AuthFailure::malformed), failure_message(AuthFailure::missing));
  EXPECT_NE(failure_message(AuthFailure::unknown_key), failure_message(AuthFailure::malformed));
  EXPECT_FALSE(failure_message(AuthFailure::unknown_key).empty());
}

}  // namespace
}  // namespace toolgate::gateway::auth
