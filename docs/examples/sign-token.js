// Signs a playback token for one video with one of your signing keys (npm install jsonwebtoken).
//   SIGNING_KEY_ID=<id> SIGNING_KEY_FILE=private.pem VIDEO_ID=<video id> [RESTRICTION_ID=<id>] node sign-token.js
const fs = require("node:fs");
const jwt = require("jsonwebtoken");

const claims = { sub: process.env.VIDEO_ID, aud: "v" }; // "v" plays the video, "t" opens its images, "s" its storyboard
if (process.env.RESTRICTION_ID) claims.playback_restriction_id = process.env.RESTRICTION_ID;

const token = jwt.sign(claims, fs.readFileSync(process.env.SIGNING_KEY_FILE), {
  algorithm: "RS256", // "ES256" for an ES256 key
  keyid: process.env.SIGNING_KEY_ID,
  expiresIn: "1h",
});
console.log(token);
