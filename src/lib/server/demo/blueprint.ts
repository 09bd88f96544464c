// The demo rounds' blueprint: 30 questions over 4 topics and 3 difficulties.
/** Practice, qualifying and final rounds all draw 30 questions by this blueprint. */
export function demoBlueprint(topicIds: string[]) {
	return topicIds.flatMap((topic, i) => [
		{ topic, difficulty: 1, count: 3 },
		{ topic, difficulty: 2, count: i < 2 ? 3 : 2 },
		{ topic, difficulty: 3, count: 2 }
	]);
}
