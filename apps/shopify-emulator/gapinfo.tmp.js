const {buildSchema}=require('graphql');
const fs=require('fs');
const s=buildSchema(fs.readFileSync('schema/admin-2026-04.schema.graphql','utf8'));
for (const t of process.argv.slice(2)) { const ty=s.getType(t); if(!ty){console.log(t,'??');continue}
 if (ty.getValues) {console.log(t, 'ENUM', ty.getValues().map(v=>v.name).join(' ')); continue}
 if (ty.getTypes) {console.log(t,'UNION',ty.getTypes().map(x=>x.name).join(' '));continue}
 console.log(t+': '+Object.values(ty.getFields()).map(f=>f.name+':'+f.type).join(', '))}
