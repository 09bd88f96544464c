// Written by the client build (scripts/precache.ts): the build files offline pages need.
declare module '$precache' {
	/** File names relative to the site's root, without a leading slash. */
	export const precache: string[];
}
