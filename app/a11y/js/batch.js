// The end of run_batch's script (checks.py): each step of `steps` gets its own
// arguments; a step that returns null ends the batch.
var given = arguments[0], results = [];
for (var i = 0; i < steps.length; i++) {
  results.push(steps[i].apply(null, given[i]));
  if (results[i] === null) break;
}
return results;
