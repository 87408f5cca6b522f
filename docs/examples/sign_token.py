# Signs a playback token for one video with one of your signing keys (pip install "pyjwt[crypto]", or Debian's python3-jwt).
#   SIGNING_KEY_ID=<id> SIGNING_KEY_FILE=private.pem VIDEO_ID=<video id> [RESTRICTION_ID=<id>] python3 sign_token.py
import os
import time

import jwt

claims = {"sub": os.environ["VIDEO_ID"], "aud": "v", "exp": int(time.time()) + 3600}  # "v" plays, "t" images, "s" storyboard
if os.environ.get("RESTRICTION_ID"):
    claims["playback_restriction_id"] = os.environ["RESTRICTION_ID"]

with open(os.environ["SIGNING_KEY_FILE"]) as key:
    print(jwt.encode(claims, key.read(), algorithm="RS256", headers={"kid": os.environ["SIGNING_KEY_ID"]}))  # or ES256
