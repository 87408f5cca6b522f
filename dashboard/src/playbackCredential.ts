// A video link's credential, carried on to everything fetched for it (the embed data, beacons).
/** The playback credential of a link: the owner's token when it has one, else the service's grant. */
export function playbackCredential(query: URLSearchParams): URLSearchParams {
  const token = query.get("token");
  return token ? new URLSearchParams({ token }) : new URLSearchParams({ expires: query.get("expires") ?? "", sig: query.get("sig") ?? "" });
}
