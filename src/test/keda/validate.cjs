// Validates Kubernetes resources of KEDA's group keda.sh/v1alpha1 against KEDA's CRD schema as compiled by
// @kubernetes-models/keda (package.json names the KEDA release it was generated from). Input on stdin: a JSON array of
// resources; output on stdout: a JSON array with, per resource, its violations (none = valid).
// Run by clickstream.deploy.KedaScaledObjectTest.
"use strict";
const KIND = /^[A-Z][A-Za-z]+$/;
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", chunk => (input += chunk));
process.stdin.on("end", () => {
  const results = JSON.parse(input).map(resource => {
    if (resource.apiVersion !== "keda.sh/v1alpha1" || !KIND.test(resource.kind || "")) {
      return [`not a keda.sh/v1alpha1 resource: ${resource.apiVersion} ${resource.kind}`];
    }
    let model;
    try {
      model = require(`@kubernetes-models/keda/keda.sh/v1alpha1/${resource.kind}`)[resource.kind];
    } catch (e) {
      return [`KEDA has no kind ${resource.kind}`];
    }
    try {
      new model(resource).validate();
      return [];
    } catch (e) {
      return (e.errors || [{ instancePath: "", message: String(e) }]).map(v => `${v.instancePath || "/"} ${v.message}`);
    }
  });
  process.stdout.write(JSON.stringify(results));
});
